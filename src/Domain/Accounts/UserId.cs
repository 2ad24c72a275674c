namespace EventChat.Domain.Accounts;

public readonly record struct UserId(Guid Value)
{
    public static UserId New() => new(Guid.CreateVersion7());

    public string StreamId => $"user-{Value:D}";

    public override string ToString() => Value.ToString("D");
}
