using EventChat.Domain.Common;
using FluentValidation;

namespace EventChat.Application.Accounts.Login;

public sealed class LoginValidator : AbstractValidator<LoginCommand>
{
    public LoginValidator()
    {
        RuleFor(c => c.Login).NotEmpty().MaximumLength(254).WithMessage("Login (a username or an email) is required, at most 254 characters.");
        RuleFor(c => c.Login).Must(l => !UserText.HasForbiddenCharacters(l)).WithMessage(AccountRules.ForbiddenCharactersMessage);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(128).WithMessage("Password is required, at most 128 characters.");
    }
}
