using System.Net;
using System.Net.Http.Headers;
using EventChat.IntegrationTests.Support;
using Xunit.Abstractions;

namespace EventChat.IntegrationTests.Uploads;

/// <summary>Runs alone, after the parallel tests: it reads the process's allocation counter.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}

/// <summary>An upload streams: the bytes allocated for a 10 MB file stay far below 10 MB.</summary>
[Collection(AloneCollection.Name)]
public sealed class UploadAllocationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int FileSize = 10 * 1024 * 1024;
    private readonly ApiFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_10_MB_upload_allocates_a_small_fraction_of_its_size()
    {
        var (signedIn, _, tokens) = await _factory.SignedInUserAsync();
        signedIn.Dispose();
        using var client = UploadClient.NoRedirects(_factory, tokens.AccessToken);
        await UploadAsync(client); // warm-up: JIT, pools, connections

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await UploadAsync(client);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"bytes allocated in the test process (Api and client) for one {FileSize:N0}-byte upload: {allocated:N0}");
        allocated.Should().BeLessThan(FileSize / 4, "the file streams through pooled buffers to a temporary file and on to the store");
    }

    private static async Task UploadAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new PngLikeStream(FileSize), 81920);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "big.png");
        using var response = await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), form);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    /// <summary>A PNG signature followed by filler, generated as it is read: the client holds no 10 MB array either.</summary>
    private sealed class PngLikeStream(long length) : Stream
    {
        private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Signature.Length ? Signature[at] : (byte)(at * 31 % 251);
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
