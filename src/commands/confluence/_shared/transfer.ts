import { ProgressLine } from '../../../cmdutil/progress.js';
import type { StreamBody } from '../../../http/types.js';
import type { IOStreams } from '../../../iostreams.js';
import { humanSize } from '../../jira/attachment/list.js';

/**
 * A progress line for one file moving to or from Confluence ("downloading x.zip: 120 MB of 500 MB…"):
 * only on a terminal and after the first second (ProgressLine), erased when the file is done.
 */
export class TransferProgress {
  private readonly line: ProgressLine;
  private bytes = 0;

  constructor(
    io: IOStreams,
    private readonly label: string,
    private readonly total: number | undefined,
  ) {
    this.line = new ProgressLine(io);
  }

  add(count: number): void {
    this.bytes += count;
    if (!this.line.enabled) return;
    this.line.show(`${this.label}: ${humanSize(this.bytes)}${this.total === undefined ? '' : ` of ${humanSize(this.total)}`}`);
  }

  done(): void {
    this.line.clear();
  }

  /** The same bytes, counted as they pass. */
  count(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    return stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          this.add(chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    );
  }

  /** An upload body whose every opening (a retry sends it again from the file) is counted afresh. */
  body(body: StreamBody): StreamBody {
    return {
      kind: 'stream',
      contentType: body.contentType,
      length: body.length,
      open: () => {
        this.bytes = 0;
        return this.count(body.open());
      },
    };
  }
}
