using FluentValidation;

namespace EventChat.Application.Conversations.AddMembers;

public sealed class AddMembersValidator : AbstractValidator<AddMembersCommand>
{
    public AddMembersValidator()
    {
        RuleFor(c => c.UserIds).Must(ids => ids is { Count: >= 1 and <= 500 }).WithMessage("userIds must name 1-500 users.");
    }
}
