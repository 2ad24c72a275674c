using EventChat.Application.Users;
using EventChat.Projections.ReadModels;
using Microsoft.EntityFrameworkCore;

namespace EventChat.Projections.Users;

public sealed class UserReadModel(ReadModelDbContextFactory contexts) : IUserReadModel
{
    // Compiled once: a LINQ query is looked up in EF Core's query cache on every call (its expression tree
    // walked and hashed); this is the read behind every /api/users/me and profile lookup.
    private static readonly Func<ReadModelDbContext, Guid, CancellationToken, Task<UserRow?>> ById =
        EF.CompileAsyncQuery((ReadModelDbContext db, Guid id, CancellationToken _) => db.Users.FirstOrDefault(u => u.Id == id));

    public async Task<UserView?> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = contexts.ForQueries();
        var row = await ById(db, userId, cancellationToken);
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
