using FluentValidation;

namespace EventChat.Application.Audit.ReadEvents;

public sealed class ReadAuditEventsValidator : AbstractValidator<ReadAuditEventsQuery>
{
    public ReadAuditEventsValidator()
    {
        RuleFor(q => q.FromPosition).GreaterThanOrEqualTo(0).WithMessage("fromPosition must be zero or more.");
        RuleFor(q => q.Limit).InclusiveBetween(1, 200).WithMessage("limit must be from 1 to 200.");
        RuleFor(q => q.Filter.StreamType).MaximumLength(100).Matches("^[a-z][a-z0-9-]*$")
            .OverridePropertyName("streamType").WithMessage("streamType is a stream type such as user, conversation or friendship.");
        RuleFor(q => q.Filter.To).GreaterThan(q => q.Filter.From).When(q => q.Filter.From is not null && q.Filter.To is not null)
            .OverridePropertyName("to").WithMessage("to must be after from.");
    }
}
