using Akka.Actor;
using Akka.Event;
using Orders.Contracts.Protocol;
using Orders.Domain;
using Orders.WriteSide.Diagnostics;

namespace Orders.WriteSide.Actors;

/// <summary>
/// Answers the commands that reached no order actor. An order actor stops when the journal fails it (a write or its
/// recovery timed out); the commands waiting in its stash then go to dead letters, and their senders would wait out
/// their own timeouts for a reply that never comes. This actor, one per node, answers each such command at once with
/// <see cref="CommandFailed"/>: it was never handled, nothing was stored for it, and it may be retried.
/// </summary>
public sealed class UndeliveredCommands : ReceiveActor
{
    public const string Name = "undelivered-commands";

    public UndeliveredCommands()
    {
        Receive<DeadLetter>(letter =>
        {
            if (letter.Message is not IOrderCommand command || letter.Sender.IsNobody() || letter.Sender.Equals(Context.System.DeadLetters))
            {
                return;
            }

            OrderMetrics.Count(command, "failed");
            letter.Sender.Tell(new CommandFailed(command.OrderId,
                $"order {command.OrderId} stopped before it handled the command (its journal failed or timed out); nothing was stored for it, retry with the same command id"));
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new UndeliveredCommands());

    protected override void PreStart() => Context.System.EventStream.Subscribe<DeadLetter>(Self);

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
