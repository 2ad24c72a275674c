using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using FluentValidation;

namespace EventChat.Application.Friends;

/// <summary>What the friends validators share: list paging and the checks of user text (message, remark).</summary>
public static class FriendRules
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const string ForbiddenCharactersMessage = "Must not contain control characters (line breaks included) or bidirectional formatting characters.";

    /// <summary>The request statuses a list can filter on.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["pending", "accepted", "rejected", "cancelled"];

    public static string StatusName(FriendRequestStatus status) => status switch
    {
        FriendRequestStatus.Pending => "pending",
        FriendRequestStatus.Accepted => "accepted",
        FriendRequestStatus.Rejected => "rejected",
        FriendRequestStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static FriendRequestView ToView(FriendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Id, request.FromUserId, request.ToUserId, request.Message, StatusName(request.Status), request.SentAt);
    }

    public static IRuleBuilderOptions<T, int> IsPageLimit<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxLimit).WithMessage($"limit must be from 1 to {MaxLimit}.");

    /// <summary>
    /// One line of user text of at most <paramref name="max"/> characters once trimmed (after NFKC, as the endpoint
    /// normalized it). Control characters are checked before trimming: a final line feed is a 400, not trimmed away.
    /// </summary>
    public static void IsShortText<T>(this IRuleBuilderInitial<T, string?> rule, string field, int max) =>
        rule.Cascade(CascadeMode.Stop)
            .NotNull().WithMessage($"{field} is required.")
            .Must(text => !UserText.HasForbiddenCharacters(text)).WithMessage(ForbiddenCharactersMessage)
            .Must(text => text!.Trim().Length <= max).WithMessage($"{field} must be at most {max} characters.");
}
