using FluentValidation;

namespace EventChat.Application.Accounts.Register;

public sealed class RegisterUserValidator : AbstractValidator<RegisterUserCommand>
{
    public RegisterUserValidator()
    {
        RuleFor(c => c.Username).NotEmpty().Length(3, 32).Matches("^[A-Za-z0-9_]+$")
            .WithMessage("Username must be 3-32 characters of letters, digits and '_'.");
        RuleFor(c => c.Email).NotEmpty().MaximumLength(254).Must(AccountRules.IsValidEmail)
            .WithMessage("Email must be a valid email address.");
        RuleFor(c => c.Password).NotEmpty().Length(8, 128)
            .WithMessage("Password must be 8-128 characters.");
        RuleFor(c => c.Nickname).MaximumLength(64).Must(n => n is null || n.Trim().Length > 0)
            .WithMessage("Nickname must be 1-64 characters when given.");
    }
}
