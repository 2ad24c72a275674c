using FluentValidation;

namespace EventChat.Application.Accounts.Logout;

public sealed class LogoutValidator : AbstractValidator<LogoutCommand>
{
    public LogoutValidator() =>
        RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(200).WithMessage("refreshToken is required, at most 200 characters.");
}
