/**
 * Demo announcements and contacts for `npx linli demo`: one urgent announcement, a few notices
 * and a contacts directory, written in English, Traditional and Simplified Chinese. The numbers
 * are the public hotlines of Hong Kong (999, 1823) and made-up local ones (2xxx xxxx).
 */
import type { AnnouncementInput, ContactInput } from '../../shared/announcements';
import type { Database } from '../db/connect';
import { withChanges } from '../sync/write';
import { createAnnouncement, createContact } from './store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Texts = AnnouncementInput['texts'];
const t = (en: [string, string], hant: [string, string], hans: [string, string]): Texts => ({
	en: { title: en[0], body: en[1] },
	'zh-Hant': { title: hant[0], body: hant[1] },
	'zh-Hans': { title: hans[0], body: hans[1] }
});

function demoAnnouncements(now: number): Omit<AnnouncementInput, 'neighbourhoodId'>[] {
	return [
		{
			kind: 'urgent',
			pinned: true,
			endsAt: now + 2 * DAY,
			texts: t(
				[
					'Typhoon signal No. 8: stay indoors',
					'Signal No. 8 is expected tonight. Bring in flower pots from balconies, keep windows shut and stay indoors. Elderly residents living alone: the committee will call you this evening. In danger, call 999.'
				],
				[
					'八號風球：請留在室內',
					'預計今晚改發八號風球。請把露台的花盆搬入屋內，關好窗戶，留在室內。獨居長者：互助委員會今晚會致電問候。如有危險，請致電 999。'
				],
				[
					'八号台风信号：请留在室内',
					'预计今晚改发八号台风信号。请把阳台的花盆搬进屋内，关好窗户，留在室内。独居老人：居委会今晚会打电话问候。如有危险，请拨打 999。'
				]
			)
		},
		{
			kind: 'service',
			pinned: false,
			startsAt: now - HOUR,
			endsAt: now + 3 * DAY,
			texts: t(
				[
					'Water off on Thursday, 9 am to 1 pm',
					'The water supply of Blocks A and B stops on Thursday from 9 am to 1 pm for pipe repairs. Fill a few bottles the evening before. Questions: management office 2345 6789.'
				],
				[
					'星期四上午九時至下午一時停水',
					'A座及B座星期四上午九時至下午一時因維修水管暫停供水。請前一晚先儲幾瓶水。查詢：管理處 2345 6789。'
				],
				[
					'周四上午九点至下午一点停水',
					'A栋和B栋周四上午九点至下午一点因维修水管暂停供水。请前一晚先储几瓶水。咨询：物业管理处 2345 6789。'
				]
			)
		},
		{
			kind: 'health',
			pinned: false,
			texts: t(
				[
					'Free flu vaccination at the community hall',
					'Saturday 10 am to 4 pm, community hall, ground floor. Bring your ID card. Details: https://www.chp.gov.hk/en/features/17980.html'
				],
				[
					'社區會堂免費流感疫苗接種',
					'星期六上午十時至下午四時，地下社區會堂。請帶備身份證。詳情：https://www.chp.gov.hk/tc/features/17980.html'
				],
				[
					'社区活动室免费流感疫苗接种',
					'周六上午十点至下午四点，一楼社区活动室。请带身份证。详情：https://www.chp.gov.hk/sc/features/17980.html'
				]
			)
		},
		{
			kind: 'notice',
			pinned: false,
			texts: t(
				[
					'Lift maintenance in Block B',
					'Lift 2 of Block B is serviced on Monday morning. Lift 1 runs as usual. Neighbours who need help with stairs: call the committee at 2123 4567.'
				],
				[
					'B座升降機保養',
					'B座二號升降機星期一上午保養，一號升降機照常運作。行樓梯有困難的街坊，請致電互助委員會 2123 4567。'
				],
				[
					'B栋电梯保养',
					'B栋二号电梯周一上午保养，一号电梯照常运行。走楼梯有困难的邻居，请致电居委会 2123 4567。'
				]
			)
		}
	];
}

type ContactTexts = ContactInput['texts'];
const c = (
	en: [string, string, string, string],
	hant: [string, string, string, string],
	hans: [string, string, string, string]
): ContactTexts => {
	const of = ([name, about, hours, address]: [string, string, string, string]) => ({
		name,
		about,
		hours,
		address
	});
	return { en: of(en), 'zh-Hant': of(hant), 'zh-Hans': of(hans) };
};

const DEMO_CONTACTS: Omit<ContactInput, 'neighbourhoodId'>[] = [
	{
		category: 'committee',
		phones: [{ number: '2123 4567', label: '' }],
		texts: c(
			[
				"Residents' committee",
				'Neighbours who speak for the estate: visits to older residents, help in emergencies, news.',
				'Mon–Sat 9 am–6 pm',
				'Block A, ground floor'
			],
			[
				'互助委員會',
				'代表住戶的街坊：探訪長者、緊急時互相幫忙、發放消息。',
				'星期一至六 上午9時至下午6時',
				'A座地下'
			],
			[
				'居民委员会',
				'代表居民的邻居：探访老人、紧急时互相帮忙、发布消息。',
				'周一至周六 上午9点至下午6点',
				'A栋一楼'
			]
		)
	},
	{
		category: 'management',
		phones: [
			{ number: '2345 6789', label: 'Office' },
			{ number: '2345 6780', label: '24 h' }
		],
		texts: c(
			[
				'Property management office',
				'Repairs, water and lift stoppages, security, cleaning of shared areas.',
				'Daily 8 am–8 pm; emergency line 24 hours',
				'Block B, ground floor'
			],
			[
				'物業管理處',
				'維修、停水及升降機暫停、保安、公用地方清潔。',
				'每日上午8時至晚上8時；緊急熱線24小時',
				'B座地下'
			],
			[
				'物业管理处',
				'维修、停水和电梯停运、保安、公共区域清洁。',
				'每天上午8点至晚上8点；紧急热线24小时',
				'B栋一楼'
			]
		)
	},
	{
		category: 'owners',
		phones: [{ number: '2456 7890', label: '' }],
		texts: c(
			[
				"Owners' committee",
				'Owners elected to decide on the estate’s repairs, budget and management contract.',
				'Meetings on the first Tuesday of the month, 7:30 pm',
				'Community hall'
			],
			[
				'業主立案法團',
				'業主選出的代表，決定屋苑維修、預算及管理合約。',
				'每月第一個星期二晚上7時30分開會',
				'社區會堂'
			],
			[
				'业主委员会',
				'业主选出的代表，决定小区维修、预算和物业合同。',
				'每月第一个周二晚上7点30分开会',
				'社区活动室'
			]
		)
	},
	{
		category: 'subdistrict',
		phones: [{ number: '2835 1234', label: '' }],
		texts: c(
			[
				'District office',
				'Government services for the district: emergency shelters, relief, community grants.',
				'Mon–Fri 9 am–5 pm',
				'District Office Building, 1 Main Street'
			],
			[
				'民政事務處',
				'區內政府服務：臨時庇護中心、緊急援助、社區資助。',
				'星期一至五 上午9時至下午5時',
				'大街1號民政事務處大樓'
			],
			[
				'街道办事处',
				'辖区政府服务：临时避难场所、紧急救助、社区资助。',
				'周一至周五 上午9点至下午5点',
				'大街1号街道办大楼'
			]
		)
	},
	{
		category: 'clinic',
		phones: [{ number: '2567 8901', label: '' }],
		texts: c(
			[
				'Community health clinic',
				'General practice, vaccinations, check-ups for older residents.',
				'Mon–Sat 9 am–1 pm, 2–5 pm',
				'Shop 5, Estate Shopping Centre'
			],
			[
				'社區健康診所',
				'普通科門診、疫苗接種、長者身體檢查。',
				'星期一至六 上午9時至下午1時、下午2時至5時',
				'屋苑商場5號舖'
			],
			[
				'社区卫生服务站',
				'全科门诊、疫苗接种、老人体检。',
				'周一至周六 上午9点至下午1点、下午2点至5点',
				'小区商场5号铺'
			]
		)
	},
	{
		category: 'pharmacy',
		phones: [{ number: '2678 9012', label: '' }],
		texts: c(
			[
				'Estate pharmacy',
				'Medicines, first-aid supplies, advice from a pharmacist.',
				'Daily 10 am–9 pm',
				'Shop 12, Estate Shopping Centre'
			],
			['屋苑藥房', '藥物、急救用品、藥劑師建議。', '每日上午10時至晚上9時', '屋苑商場12號舖'],
			['小区药店', '药品、急救用品、药剂师建议。', '每天上午10点至晚上9点', '小区商场12号铺']
		)
	},
	{
		category: 'hotline',
		phones: [
			{ number: '999', label: '' },
			{ number: '1823', label: '' }
		],
		texts: c(
			[
				'Emergency and government hotlines',
				'999: police, fire, ambulance. 1823: government enquiries, day and night.',
				'24 hours',
				''
			],
			['緊急及政府熱線', '999：警察、消防、救護車。1823：政府查詢，全日服務。', '24小時', ''],
			['紧急及政府热线', '999：警察、消防、救护车。1823：政府咨询，全天服务。', '24小时', '']
		)
	}
];

/**
 * Fills one neighbourhood with the demo announcements (one urgent) and contacts. Not pushed:
 * a demo database has no subscriptions worth waking. Returns the ids made.
 */
export async function seedDemoAnnouncementsAndContacts(
	database: Database,
	{
		neighbourhoodId,
		authorAccountId,
		now = Date.now()
	}: { neighbourhoodId: string; authorAccountId: string; now?: number }
): Promise<{ announcements: string[]; contacts: string[] }> {
	return withChanges(
		database,
		async (trx, changes) => {
			const announcements: string[] = [];
			const contacts: string[] = [];
			// Oldest first, so the urgent one is the newest.
			const items = demoAnnouncements(now).reverse();
			for (const [i, item] of items.entries())
				announcements.push(
					await createAnnouncement(
						trx,
						changes,
						{ ...item, neighbourhoodId },
						authorAccountId,
						now - (items.length - 1 - i) * 60_000
					)
				);
			for (const item of DEMO_CONTACTS)
				contacts.push(
					await createContact(trx, changes, { ...item, neighbourhoodId }, authorAccountId, now)
				);
			return { announcements, contacts };
		},
		now
	);
}
