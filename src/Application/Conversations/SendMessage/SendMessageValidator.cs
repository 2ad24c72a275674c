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
        RuleFor(c => c.UploadId).NotNull().When(c => c.Type != MessageTypes.Text && MessageTypes.All.Contains(c.Type))
            .WithMessage("Media messages need uploadId: an upload of yours whose type fits the message type.");
        RuleFor(c => c.UploadId).Null().When(c => c.Type == MessageTypes.Text)
            .WithMessage("Text messages take no uploadId: send an image, video or file message.");
        RuleFor(c => c.Text).Must(t => t is null || t.Trim().Length <= MaxTextLength).When(c => c.Type != MessageTypes.Text)
            .WithMessage($"A caption must be at most {MaxTextLength} characters.");
        RuleFor(c => c.Text).Must(t => t is not null && t.Trim().Length is >= 1 and <= MaxTextLength).When(c => c.Type == MessageTypes.Text)
            .WithMessage($"text must be 1-{MaxTextLength} characters after trimming.");
        RuleFor(c => c.Text).Must(t => !UserText.HasForbiddenCharacters(t, multiLine: true))
            .WithMessage("text must not contain control characters (line feeds are allowed) or bidirectional formatting characters.");
    }
}
