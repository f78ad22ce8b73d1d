import { redriveWrite } from '../../../functions/execution-status/redrive-write';

const executionArn = 'arn:aws:states:us-east-1:111122223333:execution:vod-pipeline:0f1e2d3c';
const redrive1 = { executionArn, redriveCount: 1 };
const going = (answer: boolean) => jest.fn(async () => answer);

describe('redriveWrite', () => {
  it('sets a FAILED asset back in progress while the redriven run is going', async () => {
    expect(await redriveWrite({ status: 'FAILED', redriveCount: 0, executionArn }, redrive1, going(true))).toBe('resume');
  });

  it('only counts the redrive once the run ended or was redriven again', async () => {
    expect(await redriveWrite({ status: 'FAILED', redriveCount: 0, executionArn }, redrive1, going(false))).toBe('count');
  });

  it.each(['COMPLETE', 'REJECTED'] as const)('only counts the redrive of a %s asset, without asking Step Functions', async (status) => {
    const runGoing = going(true);

    expect(await redriveWrite({ status, redriveCount: 0, executionArn }, redrive1, runGoing)).toBe('count');
    expect(runGoing).not.toHaveBeenCalled();
  });

  it.each([1, 2])('writes nothing when the record already counts %i redrives', async (counted) => {
    expect(await redriveWrite({ status: 'TRANSCODING', redriveCount: counted, executionArn }, redrive1, going(true))).toBe('none');
  });

  it("writes nothing on another execution's asset", async () => {
    expect(await redriveWrite({ status: 'FAILED', redriveCount: 0, executionArn: `${executionArn}-first` }, redrive1, going(true))).toBe('none');
  });
});
