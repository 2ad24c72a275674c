using Microsoft.EntityFrameworkCore;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// The MySQL read models (EF Core with Pomelo). Each feature maps its rows with an
/// <see cref="IEntityTypeConfiguration{TEntity}"/> in its own folder (found by scanning) and creates its
/// tables with its module's idempotent DDL (runs on MariaDB and MySQL), not with EF migrations.
/// </summary>
public sealed class ReadModelDbContext(DbContextOptions<ReadModelDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReadModelDbContext).Assembly);
    }
}
