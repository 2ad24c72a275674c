using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using FluentValidation;

namespace EventChat.Application.Conversations.UpdateGroup;

public sealed class UpdateGroupValidator : AbstractValidator<UpdateGroupCommand>
{
    public UpdateGroupValidator()
    {
        RuleFor(c => c.Name).Must(n => n is null || n.Trim().Length is >= 1 and <= ConversationDecisions.MaxNameLength)
            .WithMessage($"name must be 1-{ConversationDecisions.MaxNameLength} characters.");
        RuleFor(c => c.Name).Must(n => !UserText.HasForbiddenCharacters(n))
            .WithMessage("name must not contain control or bidirectional formatting characters.");
        RuleFor(c => c.Announcement).Must(a => a is null || a.Trim().Length <= ConversationDecisions.MaxAnnouncementLength)
            .WithMessage($"announcement must be at most {ConversationDecisions.MaxAnnouncementLength} characters.");
        RuleFor(c => c.Announcement).Must(a => !UserText.HasForbiddenCharacters(a, multiLine: true))
            .WithMessage("announcement must not contain control characters (line feeds are allowed) or bidirectional formatting characters.");
    }
}
