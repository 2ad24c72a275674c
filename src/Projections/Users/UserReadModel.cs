using EventChat.Application.Users;
using EventChat.Projections.ReadModels;
using Microsoft.EntityFrameworkCore;

namespace EventChat.Projections.Users;

public sealed class UserReadModel(ReadModelDbContextFactory contexts) : IUserReadModel
{
    public async Task<UserView?> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = contexts.ForQueries();
        var row = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return row is null ? null : ToView(row);
    }

    public async Task<IReadOnlyList<UserView>> SearchAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);

        // A prefix match that uses the indexes; the column collation makes it case-insensitive.
        var pattern = prefix.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var db = contexts.ForQueries();
        var rows = await db.Users
            .Where(u => EF.Functions.Like(u.Username, pattern) || EF.Functions.Like(u.Nickname, pattern))
            .OrderBy(u => u.Username)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.Select(ToView).ToArray();
    }

    private static UserView ToView(UserRow row) => new(
        row.Id,
        row.Username,
        row.Email,
        row.Nickname,
        row.Bio,
        null,
        row.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
        new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)));
}
