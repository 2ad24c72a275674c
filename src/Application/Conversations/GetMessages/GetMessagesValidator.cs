using FluentValidation;

namespace EventChat.Application.Conversations.GetMessages;

public sealed class GetMessagesValidator : AbstractValidator<GetMessagesQuery>
{
    public GetMessagesValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200).WithMessage("limit must be from 1 to 200.");
        RuleFor(q => q.AfterSeq).GreaterThanOrEqualTo(0).WithMessage("afterSeq must be zero or more.");
        RuleFor(q => q.BeforeSeq).GreaterThanOrEqualTo(1).WithMessage("beforeSeq must be 1 or more.");
        RuleFor(q => q.BeforeSeq).Null().When(q => q.AfterSeq is not null).WithMessage("Give afterSeq or beforeSeq, not both.");
    }
}
