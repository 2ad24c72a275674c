using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EventChat.Projections.Accounts;

/// <summary>How <see cref="UserRow"/> maps to <c>rm_users</c> (created by <see cref="AccountsModule.Migrations"/>).</summary>
public sealed class UserRowConfiguration : IEntityTypeConfiguration<UserRow>
{
    public void Configure(EntityTypeBuilder<UserRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("rm_users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasColumnName("id");
        builder.Property(u => u.Username).HasColumnName("username");
        builder.Property(u => u.Email).HasColumnName("email");
        builder.Property(u => u.Nickname).HasColumnName("nickname");
        builder.Property(u => u.Bio).HasColumnName("bio");
        builder.Property(u => u.AvatarUploadId).HasColumnName("avatar_upload_id");
        builder.Property(u => u.Roles).HasColumnName("roles");
        builder.Property(u => u.CreatedAt).HasColumnName("created_at");
        builder.Property(u => u.UpdatedAt).HasColumnName("updated_at");
        builder.Property(u => u.LastPosition).HasColumnName("last_position");
    }
}
