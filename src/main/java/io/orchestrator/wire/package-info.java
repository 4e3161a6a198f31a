/**
 * The worker protocol's bytes on a WebSocket, shared by the coordinator's sessions and the worker:
 * text messages gathered as UTF-8 bytes ({@link io.orchestrator.wire.TextMessages}), read into
 * messages without a map per message ({@link io.orchestrator.wire.WireMessage}), and sent as one
 * text frame of bytes written already ({@link io.orchestrator.wire.TextFrames}). Depends on Vert.x
 * and Jackson only.
 */
package io.orchestrator.wire;
