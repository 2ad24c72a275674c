using EventChat.Domain.Friends;
using FluentValidation;

namespace EventChat.Application.Friends.SetFriendRemark;

public sealed class SetFriendRemarkValidator : AbstractValidator<SetFriendRemarkCommand>
{
    public SetFriendRemarkValidator()
    {
        RuleFor(c => c.FriendId).NotEmpty().WithMessage("userId must be a user id.");
        RuleFor(c => c.Remark).IsShortText("remark", FriendDecisions.MaxRemarkLength);
    }
}
