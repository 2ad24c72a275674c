using FluentValidation;

namespace EventChat.Application.Friends.ListFriends;

public sealed class ListFriendsValidator : AbstractValidator<ListFriendsQuery>
{
    public ListFriendsValidator() => RuleFor(q => q.Limit).IsPageLimit();
}
