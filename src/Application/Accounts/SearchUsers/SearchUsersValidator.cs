using EventChat.Domain.Common;
using FluentValidation;

namespace EventChat.Application.Accounts.SearchUsers;

public sealed class SearchUsersValidator : AbstractValidator<SearchUsersQuery>
{
    public SearchUsersValidator()
    {
        RuleFor(q => q.Search).NotEmpty().MaximumLength(64).Must(s => s.Trim().Length > 0)
            .WithMessage("search must be 1-64 characters.");
        RuleFor(q => q.Search).Must(s => !UserText.HasForbiddenCharacters(s)).WithMessage(AccountRules.ForbiddenCharactersMessage);
        RuleFor(q => q.Limit).InclusiveBetween(1, 200).WithMessage("limit must be from 1 to 200.");
    }
}
