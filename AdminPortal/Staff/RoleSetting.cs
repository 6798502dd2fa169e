namespace AdminPortal.Staff;

/// <summary>Per-role switches an Administrator sets: a role limited to presets can only issue links exactly as a preset defines them.</summary>
public sealed class RoleSetting
{
    public required string Role { get; set; }
    public bool PresetsOnly { get; set; }
}
