using FluentValidation;

namespace EventChat.Application.Conversations.StartConversation;

public sealed class StartConversationValidator : AbstractValidator<StartConversationCommand>
{
    public StartConversationValidator()
    {
        RuleFor(c => c.Type).Must(t => t is ConversationTypes.Direct or ConversationTypes.Group)
            .WithMessage("type must be \"direct\" or \"group\".");
        RuleFor(c => c.UserId).NotNull().When(c => c.Type == ConversationTypes.Direct)
            .WithMessage("userId is required for a direct conversation.");
        RuleFor(c => c.Name).Must(n => n is not null && n.Trim().Length is >= 1 and <= 100).When(c => c.Type == ConversationTypes.Group)
            .WithMessage("name must be 1-100 characters.");
        RuleFor(c => c.MemberIds).NotNull().When(c => c.Type == ConversationTypes.Group)
            .WithMessage("memberIds is required for a group (it may be empty).");
    }
}
