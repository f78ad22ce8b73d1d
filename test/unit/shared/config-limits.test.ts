import { loadConfig } from '../../../functions/shared/config';
import { MEDIACONVERT_PRICES } from '../../../functions/shared/mediaconvert-prices';

describe('the cost settings of the configuration', () => {
  it('defaults to the stack defaults and the built-in price table', () => {
    // Act
    const config = loadConfig({});

    // Assess
    expect(config.maxJobCostUsd).toBe(50);
    expect(config.maxSourceMinutes).toBe(240);
    expect(config.mediaConvertPrices).toBe(MEDIACONVERT_PRICES);
  });

  it('reads the limits and the price table the wiring sets', () => {
    // Prepare
    const table = { ...MEDIACONVERT_PRICES, asOf: '2027-01-01' };

    // Act
    const config = loadConfig({ MAX_JOB_COST_USD: '2.5', MAX_SOURCE_MINUTES: '30', MEDIACONVERT_PRICES: JSON.stringify(table) });

    // Assess
    expect([config.maxJobCostUsd, config.maxSourceMinutes, config.mediaConvertPrices]).toEqual([2.5, 30, table]);
  });

  it('refuses a limit that is not above zero and a price table that is not JSON', () => {
    expect(() => loadConfig({ MAX_JOB_COST_USD: '0' }).maxJobCostUsd).toThrow('Configuration: MAX_JOB_COST_USD=0 is not a number above 0');
    expect(() => loadConfig({ MAX_SOURCE_MINUTES: 'ten' }).maxSourceMinutes).toThrow('Configuration: MAX_SOURCE_MINUTES="ten" is not a number');
    expect(() => loadConfig({ MEDIACONVERT_PRICES: '{' }).mediaConvertPrices).toThrow('Configuration: MEDIACONVERT_PRICES is not JSON');
  });
});
