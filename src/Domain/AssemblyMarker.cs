namespace EventChat.Domain;

/// <summary>Names the Domain assembly for tests and scanning.</summary>
public static class AssemblyMarker;
