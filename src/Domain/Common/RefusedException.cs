namespace EventChat.Domain.Common;

/// <summary>Why a request is refused. The Api maps each kind to one status (400, 404, 403, 409, 401, 413, 415).</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Forbidden,
    Conflict,
    Unauthorized,

    /// <summary>The content is larger than allowed.</summary>
    TooLarge,

    /// <summary>The content is of a type that is not accepted.</summary>
    UnsupportedType,
}

/// <summary>
/// The one way the domain and the application refuse a request: a <see cref="Kind"/> and a message written for the
/// client (it reaches the response). Validation refusals also name their fields in <see cref="Errors"/>.
/// </summary>
public sealed class RefusedException : Exception
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public RefusedException(ErrorKind kind, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Kind = kind;
        Errors = errors ?? NoErrors;
    }

    public RefusedException()
        : this(ErrorKind.Conflict, "The request was refused.")
    {
    }

    public RefusedException(string message)
        : this(ErrorKind.Conflict, message)
    {
    }

    public RefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = ErrorKind.Conflict;
        Errors = NoErrors;
    }

    public ErrorKind Kind { get; }

    /// <summary>For <see cref="ErrorKind.Validation"/>: messages by field, as clients spell the field (camelCase).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static RefusedException NotFound(string message) => new(ErrorKind.NotFound, message);

    public static RefusedException Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static RefusedException Conflict(string message) => new(ErrorKind.Conflict, message);

    public static RefusedException Unauthorized(string message) => new(ErrorKind.Unauthorized, message);

    public static RefusedException TooLarge(string message) => new(ErrorKind.TooLarge, message);

    public static RefusedException UnsupportedType(string message) => new(ErrorKind.UnsupportedType, message);

    public static RefusedException Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static RefusedException Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(ErrorKind.Validation, "The request has invalid fields; see errors.", errors);
}
