using FluentValidation;

namespace EventChat.Application.Accounts.Refresh;

public sealed class RefreshTokensValidator : AbstractValidator<RefreshTokensCommand>
{
    public RefreshTokensValidator() =>
        RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(200).WithMessage("refreshToken is required, at most 200 characters.");
}
