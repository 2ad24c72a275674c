using EventChat.Application.Uploads.CleanUpUploads;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Uploads;

/// <summary>The read side of uploads: the pending uploads the cleanup job works from, and that job's schedule.</summary>
public sealed class UploadsModule : IFeatureModule
{
    /// <summary>Idempotent DDL (MariaDB and MySQL), in the component "uploads".</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new("uploads", 1, "uploads started and not yet stored or abandoned",
        [
            """
            CREATE TABLE IF NOT EXISTS rm_pending_uploads (
                upload_id CHAR(36) NOT NULL,
                object_key VARCHAR(200) NOT NULL,
                started_at DATETIME(6) NOT NULL,
                PRIMARY KEY (upload_id),
                KEY ix_rm_pending_uploads_started (started_at)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
        ]),
    ];

    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        foreach (var migration in Migrations)
        {
            services.AddSingleton(migration);
        }

        services.AddSingleton<PendingUploadsProjection>();
        services.AddSingleton<IMySqlProjection>(sp => sp.GetRequiredService<PendingUploadsProjection>());
        services.AddSingleton<IPendingUploads>(sp => sp.GetRequiredService<PendingUploadsProjection>());
        services.AddTransient<StaleUploadCleaner>();
        services.AddTransient<UploadCleanupJob>();
        services.AddHostedService<UploadCleanupSchedule>();
    }
}
