import { areaCascaderOptions, areaCodeOptions, areasToPaths, pathsToAreas, type AreaTree } from './areas';

const tree: AreaTree = {
  accounts: 5,
  districts: [
    {
      name: '朝阳区',
      accounts: 4,
      communities: [
        { name: '望京园', areaCode: 'CY-WJY', accounts: 3, buildings: [{ name: '1', accounts: 3 }] },
        { name: '花家地', areaCode: 'CY-HJD', accounts: 1, buildings: [] },
      ],
    },
    {
      name: '东城区',
      accounts: 1,
      communities: [{ name: '和平里', areaCode: 'HPL', accounts: 1, buildings: [] }],
    },
  ],
};

describe('area pickers', () => {
  it('offer districts, communities and buildings with their household counts', () => {
    const [cy] = areaCascaderOptions(tree);
    expect(cy.label).toBe('朝阳区(4户)');
    expect(cy.children?.[0].children).toEqual([{ value: '1', label: '1栋(3户)' }]);
    expect(cy.children?.[1].children).toBeUndefined();
  });
  it('turn picked paths into the notice target form and back', () => {
    expect(pathsToAreas([['朝阳区'], ['朝阳区', '望京园', '1']])).toEqual(['朝阳区', '朝阳区/望京园/1']);
    expect(areasToPaths(['朝阳区/望京园'])).toEqual([['朝阳区', '望京园']]);
  });
  it('offer area codes: a district prefix where its communities share one, and every community code', () => {
    expect(areaCodeOptions(tree).map((o) => o.value)).toEqual(['CY', 'CY-WJY', 'CY-HJD', 'HPL']);
  });
});
