namespace EventChat.Application;

/// <summary>Names the Application assembly for tests, validator scanning and the mediator.</summary>
public static class AssemblyMarker;
