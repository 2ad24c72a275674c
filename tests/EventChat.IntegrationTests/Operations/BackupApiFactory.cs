using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Minio;
using Minio.DataModel.Args;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// Resources of one backup test: a database (<c>{test db}_bk…</c>, under the tests' grant), a bucket and a backup
/// directory of its own. Its own database also gives it its own Hangfire prefix, so no other test's host runs its jobs.
/// Only what this class created is dropped.
/// </summary>
public sealed class BackupTestResources : IAsyncDisposable
{
    private readonly HashSet<string> _objectKeys = new(StringComparer.Ordinal);

    public string Database { get; } = $"{TestSettings.Current.DbName}_bk{Guid.NewGuid():N}"[..48];

    public string Bucket { get; } = $"{TestSettings.Current.MinioBucket}-bk{Guid.NewGuid():N}"[..40];

    public string BackupDir { get; } = Directory.CreateTempSubdirectory("eventchat-backups-").FullName;

    public string Admin { get; } = ApiClientExtensions.UniqueName("badmin");

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["DB_NAME"] = Database,
        ["MINIO_BUCKET"] = Bucket,
        ["BACKUP_DIR"] = BackupDir,
        ["ADMIN_USERNAMES"] = Admin,
    };

    public MySqlConnectionFactory Connections => new((TestSettings.Current with { DbName = Database }).MySqlConnectionString);

    public void RememberObject(string key) => _objectKeys.Add(key);

    public async Task DropDatabaseAsync()
    {
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS `{Database}`");
    }

    /// <summary>Removes the objects this test stored and the bucket (s3rver cannot list them: the test remembers the keys).</summary>
    public async Task DropBucketAsync()
    {
        using var client = ObjectStorageClient();
        if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(Bucket)))
        {
            return;
        }

        foreach (var key in _objectKeys)
        {
            await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(Bucket).WithObject(key));
        }

        await client.RemoveBucketAsync(new RemoveBucketArgs().WithBucket(Bucket));
    }

    public static IMinioClient ObjectStorageClient() => new MinioClient()
        .WithEndpoint(TestSettings.Current.MinioEndpoint, TestSettings.Current.MinioPort)
        .WithCredentials(TestSettings.Current.MinioAccessKey, TestSettings.Current.MinioSecretKey)
        .WithRegion("us-east-1")
        .WithSSL(TestSettings.Current.MinioUseSsl)
        .Build();

    public async ValueTask DisposeAsync()
    {
        await DropDatabaseAsync();
        await DropBucketAsync();
        Directory.Delete(BackupDir, recursive: true);
    }
}

/// <summary>The Api on a backup test's own database, bucket and backup directory (and optional service changes).</summary>
public sealed class BackupApiFactory(BackupTestResources resources, Action<IServiceCollection>? configureServices = null) : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Overrides => resources.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
