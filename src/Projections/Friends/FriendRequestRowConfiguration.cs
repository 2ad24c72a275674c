using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EventChat.Projections.Friends;

/// <summary>How <see cref="FriendRequestRow"/> maps to <c>rm_friend_requests</c> (created by <see cref="FriendsModule.Migrations"/>).</summary>
public sealed class FriendRequestRowConfiguration : IEntityTypeConfiguration<FriendRequestRow>
{
    public void Configure(EntityTypeBuilder<FriendRequestRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("rm_friend_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.FromUserId).HasColumnName("from_user_id");
        builder.Property(r => r.ToUserId).HasColumnName("to_user_id");
        builder.Property(r => r.Message).HasColumnName("message");
        builder.Property(r => r.Status).HasColumnName("status");
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        builder.Property(r => r.LastPosition).HasColumnName("last_position");
    }
}
