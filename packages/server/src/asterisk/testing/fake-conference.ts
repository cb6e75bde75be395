import { randomUUID } from 'node:crypto';
import type { AmiActionFields } from '../ami-encode.ts';
import type { FakeChannel } from './fake-channel.ts';

/** A ConfBridge conference of the fake Asterisk: its bridge and the channels in it. */
export interface FakeRoom {
  readonly name: string;
  readonly bridgeUniqueid: string;
  readonly members: FakeChannel[];
}

/**
 * ConfBridge rooms as the recordings show them (03, 11, 12, 17, 22, 23, 34): a room exists while
 * someone is in it; ConfbridgeStart comes before the first join and ConfbridgeEnd after the last
 * leave. `BridgeNumChannels` counts ConfBridge's own announcer channel as well: 1 at Start and End,
 * members + 1 at a Join (after it) and at a Leave (before it).
 */
export class FakeConferences {
  readonly rooms = new Map<string, FakeRoom>();
  private readonly emit: (fields: AmiActionFields) => void;

  constructor(emit: (fields: AmiActionFields) => void) {
    this.emit = emit;
  }

  join(roomName: string, channel: FakeChannel): void {
    let room = this.rooms.get(roomName);
    if (!room) {
      room = { name: roomName, bridgeUniqueid: randomUUID(), members: [] };
      this.rooms.set(roomName, room);
      this.emit({ Event: 'ConfbridgeStart', Privilege: 'call,all', ...bridgeFields(room, 1) });
    }
    room.members.push(channel);
    channel.room = roomName;
    this.emit({
      Event: 'ConfbridgeJoin',
      Privilege: 'call,all',
      ...bridgeFields(room, room.members.length + 1),
      ...channel.fields(),
      Admin: 'No',
      Muted: 'No',
    });
  }

  /** The channel leaves its room (hung up or kicked); the room ends with its last member. */
  leave(channel: FakeChannel): void {
    const room = channel.room === undefined ? undefined : this.rooms.get(channel.room);
    channel.room = undefined;
    if (!room) return;
    this.emit({
      Event: 'ConfbridgeLeave',
      Privilege: 'call,all',
      ...bridgeFields(room, room.members.length + 1),
      ...channel.fields(),
      Admin: 'No',
    });
    room.members.splice(room.members.indexOf(channel), 1);
    if (room.members.length === 0) {
      this.rooms.delete(room.name);
      this.emit({ Event: 'ConfbridgeEnd', Privilege: 'call,all', ...bridgeFields(room, 1) });
    }
  }

  /** A ConfbridgeList event for one member (list events carry the action's ActionID). */
  static listEntry(room: FakeRoom, channel: FakeChannel): AmiActionFields {
    return {
      Event: 'ConfbridgeList',
      Conference: room.name,
      Admin: 'No',
      MarkedUser: 'No',
      WaitMarked: 'No',
      EndMarked: 'No',
      EndMarkedAny: 'No',
      Waiting: 'No',
      Muted: 'No',
      Talking: 'No',
      AnsweredTime: 0,
      ...channel.fields(),
    };
  }
}

function bridgeFields(room: FakeRoom, channels: number): AmiActionFields {
  return {
    Conference: room.name,
    BridgeUniqueid: room.bridgeUniqueid,
    BridgeType: 'base',
    BridgeTechnology: 'softmix',
    BridgeCreator: 'ConfBridge',
    BridgeName: room.name,
    BridgeNumChannels: channels,
    BridgeVideoSourceMode: 'none',
  };
}
