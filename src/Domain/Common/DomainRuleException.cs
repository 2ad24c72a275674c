namespace EventChat.Domain;

/// <summary>A command that the domain's rules refuse. <see cref="Code"/> is stable; the API maps it to 403/404/409.</summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public DomainRuleException()
        : this("domain.rule", "A domain rule refused the command.")
    {
    }

    public DomainRuleException(string message)
        : this("domain.rule", message)
    {
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "domain.rule";
    }

    public string Code { get; }
}
