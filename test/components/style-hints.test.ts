import { expect } from '@open-wc/testing';
import { inlineStyle, safeColor } from '../../components/style-hints.js';
import type { ComponentStyle } from '../../src/script/types.js';

describe('style hints', () => {
  it('maps numbers to px, boxes to four sides, stretch to 100% and validated colours', () => {
    expect(
      inlineStyle({
        margin: [1, 2, 3, 4],
        padding: 8,
        width: 'stretch',
        height: 40,
        color: '#112233',
        backgroundColor: 'rebeccapurple',
        fontSize: 14,
        align: 'center',
        border: { width: 1, style: 'dashed', color: '#abc' },
      }),
    ).to.deep.equal({
      margin: '1px 2px 3px 4px',
      padding: '8px',
      width: '100%',
      height: '40px',
      color: '#112233',
      'background-color': 'rebeccapurple',
      'font-size': '14px',
      'align-self': 'center',
      border: '1px dashed #abc',
    });
  });

  it('drops anything that is not a finite number or a colour, so no declaration can be injected', () => {
    const hostile = {
      color: 'red; background: url(https://evil.test/)',
      backgroundColor: 'url(x)',
      padding: Number.NaN,
      margin: [1, 2, 'x', 4],
      fontSize: Number.POSITIVE_INFINITY,
      fontWeight: 'bold; color: red',
      width: '100vw',
      border: { width: 1, style: 'solid', color: 'expression(alert(1))' },
    } as unknown as ComponentStyle;
    expect(inlineStyle(hostile)).to.deep.equal({});
  });

  it('clamps negative lengths to zero', () => {
    expect(inlineStyle({ padding: -5 })).to.deep.equal({ padding: '0px' });
  });

  it('accepts hex and named colours only', () => {
    expect(safeColor('#fff')).to.equal('#fff');
    expect(safeColor('navy')).to.equal('navy');
    expect(safeColor('notacolour')).to.equal(undefined);
    expect(safeColor('rgb(1,2,3)')).to.equal(undefined);
  });
});
