namespace Orders.Projections.Runtime;

/// <summary>What a projection does in its slice worker.</summary>
public enum MemberMode
{
    /// <summary>Not yet told by <c>projection_status</c> whether to run (or waiting for a poison report to land).</summary>
    Starting,
    Running,
    Paused,

    /// <summary>Stopped by a poison event until an operator resumes it.</summary>
    Failed,

    /// <summary>Stopped by a poison event whose report has not landed yet: no request is acted on until it has.</summary>
    Reporting,
}

/// <summary>What an operator's request (<c>projection_status.desired_state</c>) means for a projection in its current mode.</summary>
public enum ControlAction
{
    None,

    /// <summary>Stop committing; report "paused" once the work in flight has ended.</summary>
    Pause,

    /// <summary>A poison event stopped it before this worker's incarnation: it stays stopped until resumed.</summary>
    StayFailed,

    /// <summary>Load the committed offset and follow the slice from there.</summary>
    Start,
}

/// <summary>The control rules, apart from the actor that carries them out.</summary>
public static class ProjectionControl
{
    public static ControlAction Decide(MemberMode mode, ProjectionStatusRow? row)
    {
        if (row is null)
        {
            return ControlAction.None;
        }

        var pauseRequested = row.DesiredState == ProjectionState.Paused;
        return mode switch
        {
            MemberMode.Reporting => ControlAction.None,
            MemberMode.Running or MemberMode.Starting or MemberMode.Failed when pauseRequested => ControlAction.Pause,
            MemberMode.Starting when row.State == ProjectionState.Failed => ControlAction.StayFailed,
            MemberMode.Starting or MemberMode.Paused when !pauseRequested => ControlAction.Start,
            MemberMode.Failed when !pauseRequested && row.State != ProjectionState.Failed => ControlAction.Start,
            _ => ControlAction.None,
        };
    }
}
