namespace EventChat.Domain.Common;

/// <summary>
/// An event field that must never leave the server (password and token hashes): everything that hands
/// events to people (the audit API, data exports) redacts it. Declared beside the field, so a new event
/// type cannot forget its rule; a test walks every registered event type.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false)]
public sealed class SecretAttribute : Attribute;
