using EventChat.Domain.Common;
using FluentValidation;

namespace EventChat.Application.Conversations.SendMessage;

/// <summary>Checks a message as the endpoint normalized it (<see cref="UserText.NormalizeMultiLine"/>).</summary>
public sealed class SendMessageValidator : AbstractValidator<SendMessageCommand>
{
    public const int MaxTextLength = 4000;

    public SendMessageValidator()
    {
        RuleFor(c => c.ClientMessageId).Must(id => id is { Length: >= 1 and <= 64 } && id.Trim().Length > 0)
            .WithMessage("clientMessageId must be 1-64 characters.");
        RuleFor(c => c.ClientMessageId).Must(id => !UserText.HasForbiddenCharacters(id))
            .WithMessage("clientMessageId must not contain control or bidirectional formatting characters.");
        RuleFor(c => c.Type).Must(t => MessageTypes.All.Contains(t))
            .WithMessage("type must be \"text\", \"image\", \"video\" or \"file\".");
        RuleFor(c => c.UploadId).Must(_ => false).When(c => c.Type != MessageTypes.Text && MessageTypes.All.Contains(c.Type))
            .WithMessage("Media messages need an upload of yours, and uploads are not available yet: send text.");
        RuleFor(c => c.Text).Must(t => t is not null && t.Trim().Length is >= 1 and <= MaxTextLength).When(c => c.Type == MessageTypes.Text)
            .WithMessage($"text must be 1-{MaxTextLength} characters after trimming.");
        RuleFor(c => c.Text).Must(t => !UserText.HasForbiddenCharacters(t, multiLine: true))
            .WithMessage("text must not contain control characters (line feeds are allowed) or bidirectional formatting characters.");
    }
}
