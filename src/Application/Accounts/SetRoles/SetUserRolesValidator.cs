using EventChat.Domain.Accounts;
using FluentValidation;

namespace EventChat.Application.Accounts.SetRoles;

public sealed class SetUserRolesValidator : AbstractValidator<SetUserRolesCommand>
{
    public SetUserRolesValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.Roles).NotNull().Must(r => r.Count <= 10).WithMessage("roles is a list of at most 10 roles.");
        RuleForEach(c => c.Roles).Must(r => Roles.All.Contains(r))
            .WithMessage(r => $"Unknown role. Roles are {string.Join(", ", Roles.All)}.");
    }
}
