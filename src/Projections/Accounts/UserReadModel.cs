using Dapper;
using EventChat.Application.Accounts;
using EventChat.Projections.ReadModels;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace EventChat.Projections.Accounts;

public sealed class UserReadModel(ReadModelDbContextFactory contexts, UserRowCache cache) : IUserReadModel
{
    /// <summary>
    /// The read behind every <c>/api/users/me</c> and profile lookup, by primary key: one SQL statement
    /// through Dapper on a pool that does not reset connections (a read sets no session state), because
    /// EF Core's per-query work was the largest cost of that route after logging (docs/benchmarks.md).
    /// Rows read recently come from <see cref="UserRowCache"/>.
    /// </summary>
    public async Task<UserView?> GetAsync(Guid userId, long minPosition, CancellationToken cancellationToken)
    {
        if (cache.TryGet(userId, minPosition, out var cached))
        {
            return cached;
        }

        var asOf = cache.ProjectionPosition;
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            """
            SELECT id AS Id, username AS Username, email AS Email, nickname AS Nickname, bio AS Bio,
                   avatar_upload_id AS AvatarUploadId, roles AS Roles, created_at AS CreatedAt
            FROM rm_users WHERE id = @id
            """,
            new { id = userId.ToString("D") },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var view = ToView(row);
        cache.Store(userId, view, asOf);
        return view;
    }

    public async Task<IReadOnlyList<UserView>> SearchAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);

        // A prefix match that uses the indexes; the column collation makes it case-insensitive.
        var pattern = prefix.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var db = contexts.ForQueries();
        var rows = await db.Set<UserRow>()
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
        row.AvatarUploadId,
        row.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
        new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)));
}
