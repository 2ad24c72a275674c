using EventChat.Domain.Common;
using FluentValidation;

namespace EventChat.Application.Accounts.Register;

/// <summary>Checks a registration as the endpoint normalized it (<see cref="UserText"/>: NFKC, email lower case).</summary>
public sealed class RegisterUserValidator : AbstractValidator<RegisterUserCommand>
{
    public RegisterUserValidator()
    {
        // Not a regex: "^…$" also matches before a final line feed, and "ab\n" became a 2-character name.
        RuleFor(c => c.Username).NotEmpty().Length(3, 32).Must(AccountRules.IsUsername)
            .WithMessage("Username must be 3-32 characters of letters, digits and '_'.");
        RuleFor(c => c.Email).NotEmpty().MaximumLength(254).Must(e => !UserText.HasForbiddenCharacters(e) && AccountRules.IsValidEmail(e))
            .WithMessage("Email must be a valid email address.");
        RuleFor(c => c.Password).NotEmpty().Length(8, 128)
            .WithMessage("Password must be 8-128 characters.");
        RuleFor(c => c.Nickname).MaximumLength(64).Must(n => n is null || n.Trim().Length > 0)
            .WithMessage("Nickname must be 1-64 characters when given.");
        RuleFor(c => c.Nickname).Must(n => !UserText.HasForbiddenCharacters(n))
            .WithMessage(AccountRules.ForbiddenCharactersMessage);
    }
}
