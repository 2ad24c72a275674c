using FluentValidation;

namespace EventChat.Application.Conversations.ListConversations;

public sealed class ListConversationsValidator : AbstractValidator<ListConversationsQuery>
{
    public ListConversationsValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200).WithMessage("limit must be from 1 to 200.");
        RuleFor(q => q.Before).Must(ConversationCursor.IsValid).WithMessage("before must be a nextCursor of an earlier page.");
    }
}
