// The subdivisions a shopper picks from, where a country's addresses must name one: the
// ISO 3166-2 code (without the country prefix), which shipping zones and tax rates are keyed
// by, and the name as the post writes it. US: the states, DC and the inhabited territories
// USPS delivers to as states; Canada: provinces and territories; Australia: states and territories.
export interface Region {
  code: string;
  name: string;
}

const list = (pairs: string): Region[] =>
  pairs.split(';').map((pair) => {
    const [code, name] = pair.split('=') as [string, string];
    return { code, name };
  });

export const REGIONS: Readonly<Record<string, readonly Region[]>> = {
  US: list(
    'AL=Alabama;AK=Alaska;AS=American Samoa;AZ=Arizona;AR=Arkansas;CA=California;CO=Colorado;CT=Connecticut;DE=Delaware;' +
      'DC=District of Columbia;FL=Florida;GA=Georgia;GU=Guam;HI=Hawaii;ID=Idaho;IL=Illinois;IN=Indiana;IA=Iowa;KS=Kansas;' +
      'KY=Kentucky;LA=Louisiana;ME=Maine;MD=Maryland;MA=Massachusetts;MI=Michigan;MN=Minnesota;MS=Mississippi;MO=Missouri;' +
      'MT=Montana;NE=Nebraska;NV=Nevada;NH=New Hampshire;NJ=New Jersey;NM=New Mexico;NY=New York;NC=North Carolina;' +
      'ND=North Dakota;MP=Northern Mariana Islands;OH=Ohio;OK=Oklahoma;OR=Oregon;PA=Pennsylvania;PR=Puerto Rico;' +
      'RI=Rhode Island;SC=South Carolina;SD=South Dakota;TN=Tennessee;TX=Texas;VI=U.S. Virgin Islands;UT=Utah;VT=Vermont;' +
      'VA=Virginia;WA=Washington;WV=West Virginia;WI=Wisconsin;WY=Wyoming',
  ),
  CA: list(
    'AB=Alberta;BC=British Columbia;MB=Manitoba;NB=New Brunswick;NL=Newfoundland and Labrador;NT=Northwest Territories;' +
      'NS=Nova Scotia;NU=Nunavut;ON=Ontario;PE=Prince Edward Island;QC=Quebec;SK=Saskatchewan;YT=Yukon',
  ),
  AU: list('ACT=Australian Capital Territory;NSW=New South Wales;NT=Northern Territory;QLD=Queensland;SA=South Australia;TAS=Tasmania;VIC=Victoria;WA=Western Australia'),
};
