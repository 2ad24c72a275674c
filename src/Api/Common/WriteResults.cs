using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EventChat.Application.Common.Commands;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace EventChat.Api.Common;

/// <summary>
/// Read-your-writes, in one place: a command's <see cref="WriteResult{T}"/> becomes the response, with the global
/// position of its last event in <c>X-Position</c> and as <c>position</c> in the JSON body (0 when the command
/// changed nothing). Write routes return one of these; an integration test fails for a write route that does not.
/// </summary>
public static class WriteResults
{
    public const string PositionHeader = "X-Position";
    public const string PositionProperty = "position";

    public static WrittenOk<T> Ok<T>(WriteResult<T> result) => new(result);

    public static WrittenCreated<T> Created<T>(string location, WriteResult<T> result) => new(location, result);

    public static WrittenNoContent NoContent<T>(WriteResult<T> result) => new(result.Position);

    internal static async Task WriteAsync(HttpContext http, int status, long position, object? value, Type? type)
    {
        http.Response.StatusCode = status;
        http.Response.Headers[PositionHeader] = position.ToString(CultureInfo.InvariantCulture);
        if (type is null)
        {
            return;
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var info = json.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object || value is null)
        {
            throw new InvalidOperationException($"A write's answer must be a JSON object to carry '{PositionProperty}'; {type.Name} is not.");
        }

        // Serializing to a JsonNode (which serializes and parses again), setting the property and serializing the node
        // did the work three times (3.7 % of the Api's CPU samples in a send, 3.1 % after; docs/messaging.md), so the
        // object is serialized once: as it is when it already carries this
        // position (a message does), or with "position" spliced in before its closing brace (compact output ends with
        // the brace; an object with no properties is "{}"). A value with a position of its own that differs keeps the
        // slow path, where the write's position replaces it.
        var own = info.Properties.FirstOrDefault(p => p.Name == PositionProperty);
        if (own is not null && !Equals(own.Get?.Invoke(value), position))
        {
            var node = (JsonObject)JsonSerializer.SerializeToNode(value, info)!;
            node[PositionProperty] = position;
            await http.Response.WriteAsJsonAsync(node, json, http.RequestAborted);
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(value, info);
        var tail = own is not null
            ? "}"u8.ToArray()
            : Encoding.UTF8.GetBytes((body.Length > 2 ? ",\"" : "\"") + PositionProperty + "\":" + position.ToString(CultureInfo.InvariantCulture) + "}");
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length - 1 + tail.Length;
        var writer = http.Response.BodyWriter;
        writer.Write(body.AsSpan(0, body.Length - 1));
        writer.Write(tail);
        await writer.FlushAsync(http.RequestAborted);
    }

    internal static void Describe(EndpointBuilder builder, int status, Type? type)
    {
        builder.Metadata.Add(WritesPosition.Instance);
        builder.Metadata.Add(type is null
            ? new ProducesResponseTypeMetadata(status, typeof(void))
            : new ProducesResponseTypeMetadata(status, type, ["application/json"]));
    }
}

/// <summary>Endpoint metadata of a route whose 2xx answer carries <c>X-Position</c> (added by the result types below).</summary>
public sealed class WritesPosition
{
    public static readonly WritesPosition Instance = new();

    private WritesPosition()
    {
    }
}

/// <summary>200 with the value and its position.</summary>
public sealed class WrittenOk<T>(WriteResult<T> result) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public T? Value => result.Value;

    object? IValueHttpResult.Value => result.Value;

    public long Position => result.Position;

    public Task ExecuteAsync(HttpContext httpContext) =>
        WriteResults.WriteAsync(httpContext, StatusCodes.Status200OK, result.Position, result.Value, typeof(T));

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        WriteResults.Describe(builder, StatusCodes.Status200OK, typeof(T));
}

/// <summary>201 with <c>Location</c>, the value and its position.</summary>
public sealed class WrittenCreated<T>(string location, WriteResult<T> result) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status201Created;

    public T? Value => result.Value;

    object? IValueHttpResult.Value => result.Value;

    public long Position => result.Position;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.Location = location;
        return WriteResults.WriteAsync(httpContext, StatusCodes.Status201Created, result.Position, result.Value, typeof(T));
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        WriteResults.Describe(builder, StatusCodes.Status201Created, typeof(T));
}

/// <summary>204: no body, only the position.</summary>
public sealed class WrittenNoContent(long position) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status204NoContent;

    public long Position => position;

    public Task ExecuteAsync(HttpContext httpContext) =>
        WriteResults.WriteAsync(httpContext, StatusCodes.Status204NoContent, position, null, null);

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        WriteResults.Describe(builder, StatusCodes.Status204NoContent, null);
}
