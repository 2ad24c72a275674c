using EventChat.Domain.Friends;
using FluentValidation;

namespace EventChat.Application.Friends.SendFriendRequest;

public sealed class SendFriendRequestValidator : AbstractValidator<SendFriendRequestCommand>
{
    public SendFriendRequestValidator()
    {
        RuleFor(c => c.ToUserId).NotEmpty().WithMessage("toUserId is required (a user id).");
        RuleFor(c => c.Message).IsShortText("message", FriendDecisions.MaxMessageLength);
    }
}
