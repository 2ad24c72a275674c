using FluentValidation;

namespace EventChat.Application.Users.UpdateProfile;

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfileCommand>
{
    public UpdateProfileValidator()
    {
        RuleFor(c => c.Nickname).Must(n => n is null || n.Trim().Length is >= 1 and <= 64)
            .WithMessage("nickname must be 1-64 characters.");
        RuleFor(c => c.Bio).MaximumLength(500).WithMessage("bio must be at most 500 characters.");
    }
}
