namespace EventChat.Infrastructure.Configuration;

/// <summary>A missing or invalid setting. The message is the one line printed before the process stops.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException(string setting, string problem)
        : base($"Invalid configuration: {setting} {problem}")
    {
        Setting = setting;
    }

    public SettingsException()
        : this(string.Empty, string.Empty)
    {
    }

    public SettingsException(string message)
        : base(message)
    {
        Setting = string.Empty;
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = string.Empty;
    }

    public string Setting { get; }
}
