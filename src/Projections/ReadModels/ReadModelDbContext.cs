using EventChat.Projections.Users;
using Microsoft.EntityFrameworkCore;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// The MySQL read models (EF Core with Pomelo). Their tables are created by <see cref="ReadModelSchema"/>
/// (idempotent DDL that runs on MariaDB and MySQL), not by EF migrations.
/// </summary>
public sealed class ReadModelDbContext(DbContextOptions<ReadModelDbContext> options) : DbContext(options)
{
    public DbSet<UserRow> Users => Set<UserRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<UserRow>(user =>
        {
            user.ToTable("rm_users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.Username).HasColumnName("username");
            user.Property(u => u.Email).HasColumnName("email");
            user.Property(u => u.Nickname).HasColumnName("nickname");
            user.Property(u => u.Bio).HasColumnName("bio");
            user.Property(u => u.AvatarUploadId).HasColumnName("avatar_upload_id");
            user.Property(u => u.Roles).HasColumnName("roles");
            user.Property(u => u.CreatedAt).HasColumnName("created_at");
            user.Property(u => u.UpdatedAt).HasColumnName("updated_at");
            user.Property(u => u.LastPosition).HasColumnName("last_position");
        });
    }
}
