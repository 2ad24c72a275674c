using FluentValidation;

namespace EventChat.Application.Friends.ListBlocks;

public sealed class ListBlocksValidator : AbstractValidator<ListBlocksQuery>
{
    public ListBlocksValidator() => RuleFor(q => q.Limit).IsPageLimit();
}
