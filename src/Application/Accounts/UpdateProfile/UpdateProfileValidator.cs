using EventChat.Domain.Common;
using FluentValidation;

namespace EventChat.Application.Accounts.UpdateProfile;

/// <summary>Checks a profile change as the endpoint normalized it (<see cref="UserText"/>, NFKC).</summary>
public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfileCommand>
{
    public UpdateProfileValidator()
    {
        RuleFor(c => c.Nickname).Must(n => n is null || n.Trim().Length is >= 1 and <= 64)
            .WithMessage("nickname must be 1-64 characters.");
        RuleFor(c => c.Nickname).Must(n => !UserText.HasForbiddenCharacters(n))
            .WithMessage(AccountRules.ForbiddenCharactersMessage);
        RuleFor(c => c.Bio).MaximumLength(500).WithMessage("bio must be at most 500 characters.");
        RuleFor(c => c.Bio).Must(b => !UserText.HasForbiddenCharacters(b, multiLine: true))
            .WithMessage("Must not contain control characters (line feeds are allowed) or bidirectional formatting characters.");
    }
}
