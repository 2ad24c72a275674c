using EventChat.Application.Uploads;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using EventChat.Infrastructure.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure.Uploads;

/// <summary>
/// Uploads: their settings (UPLOAD_MAX_SIZE, UPLOAD_ALLOWED_TYPES) and the list of stored objects for backups; the
/// object store itself is shared (ObjectStorage).
/// </summary>
public sealed class UploadsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(new UploadsOptions(settings.UploadMaxSize, settings.UploadAllowedTypes));
        services.AddSingleton<IBackedUpObjects, UploadObjectCatalog>();
    }
}
