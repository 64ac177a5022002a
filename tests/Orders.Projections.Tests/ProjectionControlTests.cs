using Orders.Projections.Runtime;

namespace Orders.Projections.Tests;

/// <summary>What an operator's request means for a projection in each mode (the rules apart from the slice worker).</summary>
public sealed class ProjectionControlTests
{
    [Theory]
    [InlineData(MemberMode.Starting, "running", "starting", ControlAction.Start)]
    [InlineData(MemberMode.Starting, "paused", "starting", ControlAction.Pause)]
    [InlineData(MemberMode.Starting, "running", "failed", ControlAction.StayFailed)]
    [InlineData(MemberMode.Starting, "paused", "failed", ControlAction.Pause)]
    [InlineData(MemberMode.Running, "running", "running", ControlAction.None)]
    [InlineData(MemberMode.Running, "paused", "running", ControlAction.Pause)]
    [InlineData(MemberMode.Paused, "paused", "paused", ControlAction.None)]
    [InlineData(MemberMode.Paused, "running", "paused", ControlAction.Start)]
    [InlineData(MemberMode.Failed, "running", "failed", ControlAction.None)]
    [InlineData(MemberMode.Failed, "running", "starting", ControlAction.Start)]
    [InlineData(MemberMode.Failed, "paused", "failed", ControlAction.Pause)]
    [InlineData(MemberMode.Reporting, "running", "running", ControlAction.None)]
    [InlineData(MemberMode.Reporting, "paused", "running", ControlAction.None)]
    public void A_request_means_what_the_mode_allows(MemberMode mode, string desired, string state, ControlAction expected) =>
        Assert.Equal(expected, ProjectionControl.Decide(mode, new ProjectionStatusRow("p", 0, desired, state, null, null, null, 0, DateTimeOffset.UnixEpoch, 0)));

    [Fact]
    public void No_row_yet_means_nothing() => Assert.Equal(ControlAction.None, ProjectionControl.Decide(MemberMode.Starting, null));
}
