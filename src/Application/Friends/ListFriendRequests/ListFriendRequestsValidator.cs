using FluentValidation;

namespace EventChat.Application.Friends.ListFriendRequests;

public sealed class ListFriendRequestsValidator : AbstractValidator<ListFriendRequestsQuery>
{
    public ListFriendRequestsValidator()
    {
        RuleFor(q => q.Direction).Must(d => d is ListFriendRequestsHandler.Incoming or ListFriendRequestsHandler.Outgoing)
            .WithMessage("direction must be incoming or outgoing.");
        RuleFor(q => q.Status).Must(s => FriendRules.Statuses.Contains(s))
            .WithMessage($"status must be one of {string.Join(", ", FriendRules.Statuses)}.");
        RuleFor(q => q.Limit).IsPageLimit();
    }
}
