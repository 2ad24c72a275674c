using FluentValidation;

namespace EventChat.Application.Audit.ReadStream;

public sealed class ReadAuditStreamValidator : AbstractValidator<ReadAuditStreamQuery>
{
    public ReadAuditStreamValidator()
    {
        RuleFor(q => q.StreamId).NotEmpty().MaximumLength(150).WithMessage("streamId is 1-150 characters.");
        RuleFor(q => q.FromVersion).GreaterThanOrEqualTo(1).WithMessage("fromVersion must be 1 or more.");
        RuleFor(q => q.ToVersion).GreaterThanOrEqualTo(q => q.FromVersion).When(q => q.ToVersion is not null)
            .WithMessage("toVersion must not be below fromVersion.");
        RuleFor(q => q.Limit).InclusiveBetween(1, 1000).WithMessage("limit must be from 1 to 1000.");
    }
}
